"use strict";(self.rspackChunktaller_cejum=self.rspackChunktaller_cejum||[]).push([[700],{646(e,o,t){var n=t(601),a=t.n(n),r=t(314),l=(t.n(r))()(a());l.push([e.id,`/* taller-cejum: sin c\xf3digo a la vista.
 *
 * Copia de quien participa (el panel lleva .taller-sin-codigo): ni el c\xf3digo, ni su
 * marcador plegado, ni los n\xfameros de ejecuci\xf3n \xab[n]:\xbb, ni la barra azul de la celda
 * activa. Las celdas de c\xf3digo sin salida no ocupan lugar.
 * Diapositivas (jupyterlab-slideshow pone .jp-Deck en el panel): lo mismo, en cualquier
 * cuaderno, tambi\xe9n en la copia de quien facilita.
 */
.jp-NotebookPanel.taller-sin-codigo .jp-CodeCell .jp-Cell-inputWrapper,
.jp-NotebookPanel.jp-Deck .jp-CodeCell .jp-Cell-inputWrapper,
.jp-NotebookPanel.taller-sin-codigo .jp-CodeCell.jp-mod-noOutputs,
.jp-NotebookPanel.jp-Deck .jp-CodeCell.jp-mod-noOutputs,
.jp-NotebookPanel.taller-sin-codigo .jp-OutputArea-prompt,
.jp-NotebookPanel.jp-Deck .jp-OutputArea-prompt,
.jp-NotebookPanel.taller-sin-codigo .jp-InputPrompt,
.jp-NotebookPanel.jp-Deck .jp-InputPrompt,
.jp-NotebookPanel.taller-sin-codigo .jp-Collapser,
.jp-NotebookPanel.taller-sin-codigo .jp-cell-toolbar,
.jp-NotebookPanel.taller-sin-codigo .jp-CodeCell .jp-InputPlaceholder,
.jp-NotebookPanel.taller-sin-codigo .jp-OutputPlaceholder {
  display: none !important;
}

/* Sin la columna de los n\xfameros, el texto y los ejercicios usan todo el ancho. */
.jp-NotebookPanel.taller-sin-codigo .jp-OutputArea-output,
.jp-NotebookPanel.taller-sin-codigo .jp-RenderedHTMLCommon {
  padding-left: 0;
}
`,""]),t.d(o,{},{A:l})},314(e){e.exports=function(e){var o=[];return o.toString=function(){return this.map(function(o){var t="",n=void 0!==o[5];return o[4]&&(t+="@supports (".concat(o[4],") {")),o[2]&&(t+="@media ".concat(o[2]," {")),n&&(t+="@layer".concat(o[5].length>0?" ".concat(o[5]):""," {")),t+=e(o),n&&(t+="}"),o[2]&&(t+="}"),o[4]&&(t+="}"),t}).join("")},o.i=function(e,t,n,a,r){"string"==typeof e&&(e=[[null,e,void 0]]);var l={};if(n)for(var i=0;i<this.length;i++){var c=this[i][0];null!=c&&(l[c]=!0)}for(var p=0;p<e.length;p++){var s=[].concat(e[p]);n&&l[s[0]]||(void 0!==r&&(void 0===s[5]||(s[1]="@layer".concat(s[5].length>0?" ".concat(s[5]):""," {").concat(s[1],"}")),s[5]=r),t&&(s[2]&&(s[1]="@media ".concat(s[2]," {").concat(s[1],"}")),s[2]=t),a&&(s[4]?(s[1]="@supports (".concat(s[4],") {").concat(s[1],"}"),s[4]=a):s[4]="".concat(a)),o.push(s))}},o}},601(e){e.exports=function(e){return e[1]}},72(e){var o=[];function t(e){for(var t=-1,n=0;n<o.length;n++)if(o[n].identifier===e){t=n;break}return t}function n(e,n){for(var a={},r=[],l=0;l<e.length;l++){var i=e[l],c=n.base?i[0]+n.base:i[0],p=a[c]||0,s="".concat(c," ").concat(p);a[c]=p+1;var u=t(s),d={css:i[1],media:i[2],sourceMap:i[3],supports:i[4],layer:i[5]};if(-1!==u)o[u].references++,o[u].updater(d);else{var f=function(e,o){var t=o.domAPI(o);return t.update(e),function(o){o?(o.css!==e.css||o.media!==e.media||o.sourceMap!==e.sourceMap||o.supports!==e.supports||o.layer!==e.layer)&&t.update(e=o):t.remove()}}(d,n);n.byIndex=l,o.splice(l,0,{identifier:s,updater:f,references:1})}r.push(s)}return r}e.exports=function(e,a){var r=n(e=e||[],a=a||{});return function(e){e=e||[];for(var l=0;l<r.length;l++){var i=t(r[l]);o[i].references--}for(var c=n(e,a),p=0;p<r.length;p++){var s=t(r[p]);0===o[s].references&&(o[s].updater(),o.splice(s,1))}r=c}}},659(e){var o={};e.exports=function(e,t){var n=function(e){if(void 0===o[e]){var t=document.querySelector(e);if(window.HTMLIFrameElement&&t instanceof window.HTMLIFrameElement)try{t=t.contentDocument.head}catch(e){t=null}o[e]=t}return o[e]}(e);if(!n)throw Error("Couldn't find a style target. This probably means that the value for the 'insert' parameter is invalid.");n.appendChild(t)}},540(e){e.exports=function(e){var o=document.createElement("style");return e.setAttributes(o,e.attributes),e.insert(o,e.options),o}},56(e,o,t){e.exports=function(e){var o=t.nc;o&&e.setAttribute("nonce",o)}},206(e){e.exports=function(e){if("u"<typeof document)return{update:function(){},remove:function(){}};var o=e.insertStyleElement(e);return{update:function(t){var n,a,r;n="",t.supports&&(n+="@supports (".concat(t.supports,") {")),t.media&&(n+="@media ".concat(t.media," {")),(a=void 0!==t.layer)&&(n+="@layer".concat(t.layer.length>0?" ".concat(t.layer):""," {")),n+=t.css,a&&(n+="}"),t.media&&(n+="}"),t.supports&&(n+="}"),(r=t.sourceMap)&&"u">typeof btoa&&(n+="\n/*# sourceMappingURL=data:application/json;base64,".concat(btoa(unescape(encodeURIComponent(JSON.stringify(r))))," */")),e.styleTagTransform(n,o,e.options)},remove:function(){var e;null===(e=o).parentNode||e.parentNode.removeChild(e)}}}},113(e){e.exports=function(e,o){if(o.styleSheet)o.styleSheet.cssText=e;else{for(;o.firstChild;)o.removeChild(o.firstChild);o.appendChild(document.createTextNode(e))}}},959(e,o,t){var n=t(72),a=t.n(n),r=t(206),l=t.n(r),i=t(659),c=t.n(i),p=t(56),s=t.n(p),u=t(540),d=t.n(u),f=t(113),m=t.n(f),j=t(646),v={};v.styleTagTransform=m(),v.setAttributes=s(),v.insert=c().bind(null,"head"),v.domAPI=l(),v.insertStyleElement=d(),a()(j.A,v),j.A&&j.A.locals&&j.A.locals}}]);